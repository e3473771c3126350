import { usccCheckCharacter } from '@ivl/core';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let counter = 0;

/** A valid, unique unified social credit code for test data. */
export function newUscc(prefix = '91330702'): string {
  counter += 1;
  const random = Math.floor(Math.random() * 31 ** 4);
  let body = `${prefix}${(process.pid % 1000).toString().padStart(3, '0')}`;
  for (let n = counter * 31 ** 4 + random, i = 0; i < 17 - 11; i++, n = Math.floor(n / 31)) body += ALPHABET[n % 31];
  const first17 = body.slice(0, 17);
  return first17 + usccCheckCharacter(first17)!;
}

/** The same code with a wrong check character. */
export function withWrongCheck(uscc: string): string {
  const wrong = ALPHABET[(ALPHABET.indexOf(uscc[17]!) + 1) % 31];
  return uscc.slice(0, 17) + wrong;
}
