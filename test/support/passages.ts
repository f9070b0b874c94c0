/** Invented fixtures (not newspaper text): three paragraphs about different places and topics, and a sentence each. */
export const PASSAGES = [
  {
    title: '青石市政协召开常委会议',
    date: '2024-10-26',
    text: '10月26日，青石市政协第七届常务委员会第五次会议召开，会议审议通过了年度提案工作报告。',
  },
  {
    title: '白河县政协调研文化旅游',
    text: '白河县政协组织委员调研文化旅游产业发展情况，围绕景区提质提出12条建议。',
  },
  {
    title: '红岭区政协开展民主监督',
    text: '红岭区政协围绕河道生态保护开展专项民主监督，形成监督报告三份，推动整改问题40个。',
  },
];

export const S0 = '青石市政协召开常委会第五次会议，审议通过年度提案工作报告';
export const S1 = '白河县政协调研文化旅游产业，提出12条建议';
export const S2 = '红岭区政协围绕河道生态保护开展民主监督';
