/** Word files: how mammoth's HTML becomes articles (pure), and names kept for uploaded files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docxDrafts } from '../../ingest/readers/docx.js';
import { uploadName } from '../../ingest/upload.js';

test('a heading opens an article; a lower heading right under it is the subtitle, later ones stay paragraphs', () => {
  const drafts = docxDrafts(
    '<h1>宁县政协调研文旅融合</h1><h2>委员为景区提档升级献策</h2><p>本报记者 田野</p>' +
      '<p>近日，宁县政协组织委员调研文旅融合发展。</p><h2>建议</h2><p>委员建议完善旅游标识。</p>' +
      '<h1>第二篇</h1><ul><li>一是加强规划。</li><li>二是培育品牌。</li></ul>',
  );
  assert.deepEqual(drafts, [
    {
      title: '宁县政协调研文旅融合',
      subtitle: '委员为景区提档升级献策',
      byline: '本报记者 田野',
      paragraphs: ['近日，宁县政协组织委员调研文旅融合发展。', '建议', '委员建议完善旅游标识。'],
    },
    { title: '第二篇', paragraphs: ['一是加强规划。', '二是培育品牌。'] },
  ]);
});

test('a file without headings is one article titled by its short first line, if it has one', () => {
  assert.deepEqual(docxDrafts('<p>关于乡村道路养护的提案</p><p>我县农村公路里程长，养护资金不足。</p>'), [
    { title: '关于乡村道路养护的提案', paragraphs: ['我县农村公路里程长，养护资金不足。'] },
  ]);
  assert.deepEqual(docxDrafts('<p>我县农村公路里程长，养护资金不足，建议设立专项资金。</p>'), [
    { title: '', paragraphs: ['我县农村公路里程长，养护资金不足，建议设立专项资金。'] },
  ]);
  assert.deepEqual(docxDrafts('<p> </p>'), []);
});

test('an uploaded file keeps its name, without folders or unsafe characters, behind a time stamp', () => {
  const at = new Date('2026-11-20T08:09:10Z');
  assert.equal(uploadName('第3版.pdf', at), '20261120-080910-第3版.pdf');
  assert.equal(uploadName('../../etc/passwd', at), '20261120-080910-passwd');
  assert.equal(uploadName('a:b*c?.docx', at), '20261120-080910-a_b_c_.docx');
});
