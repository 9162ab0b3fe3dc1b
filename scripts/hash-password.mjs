// Print an `OPERATOR_PASSWORD_HASH` value for a password: `node scripts/hash-password.mjs` (reads the password from
// stdin, so it stays out of the shell history) or `node scripts/hash-password.mjs '<password>'`.
// Same format and cost as lib/auth/operator-password.ts: scrypt:<16-byte salt b64>:<32-byte digest b64>, N=16384 r=8 p=1.
import { randomBytes, scrypt } from "node:crypto";

async function readPassword() {
  if (process.argv[2]) return process.argv[2];
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const password = await readPassword();
if (password.length < 8) {
  process.stderr.write("The password must have at least 8 characters.\n");
  process.exit(1);
}
const salt = randomBytes(16);
const key = await new Promise((resolve, reject) => scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (e, k) => (e ? reject(e) : resolve(k))));
process.stdout.write(`scrypt:${salt.toString("base64")}:${key.toString("base64")}\n`);
