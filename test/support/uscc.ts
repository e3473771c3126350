import { randomInt } from 'node:crypto';
import { USCC_ALPHABET, UsccSequence } from '../../tools/generator/uscc.js';

// The demo's generator makes the codes; a random tag keeps this process's codes apart from another's.
const codes = new UsccSequence(randomInt(31 ** 3));

/** A valid, unique unified social credit code for test data; `prefix` is the registration type and region code. */
export function newUscc(prefix = '91330702'): string {
  return codes.next(prefix.slice(0, 2), prefix.slice(2));
}

/** The same code with a wrong check character. */
export function withWrongCheck(uscc: string): string {
  const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(uscc[17]) + 1) % 31];
  return uscc.slice(0, 17) + wrong;
}
