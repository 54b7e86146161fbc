/**
 * Passwords: argon2id (memory 19 MiB, 2 iterations — the OWASP ASVS minimum), in WebAssembly so
 * no native build or downloaded binary is needed.
 */
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import { UnprocessableError } from '../http/errors';

export const PASSWORD_MIN_LENGTH = 12;

export function checkPasswordPolicy(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new UnprocessableError(
      'weak_password',
      `The password must have at least ${PASSWORD_MIN_LENGTH} characters`,
      [{ path: ['password'], message: `at least ${PASSWORD_MIN_LENGTH} characters` }],
    );
  }
}

export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 2,
    memorySize: 19_456,
    hashLength: 32,
    outputType: 'encoded',
  });
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown e-mail cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
