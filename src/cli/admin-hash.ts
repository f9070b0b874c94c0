/**
 * npm run -s admin:hash -- 'password'  →  the ADMIN_PASSWORD_HASH line for .env (scrypt with a random salt),
 * so the console's password need not sit in the environment in plain text.
 */
import { hashPassword } from '../http/console/auth.js';

const password = process.argv.slice(2).join(' ');
if (password === '') {
  process.stderr.write("usage: npm run -s admin:hash -- 'password'\n");
  process.exitCode = 2;
} else {
  process.stdout.write(`ADMIN_PASSWORD_HASH=${hashPassword(password)}\n`);
}
