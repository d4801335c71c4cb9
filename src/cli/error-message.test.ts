import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { cliErrorMessage } from './error-message.js';

describe('cliErrorMessage', () => {
  it('puts the flag in place of a field the message starts with', () => {
    const err = new AppError('invalid_input', 'at 2026-13-01: not a date', { field: 'at' });
    expect(cliErrorMessage(err)).toBe('--at 2026-13-01: not a date');
  });

  it('prefixes the flag of a field the message does not start with', () => {
    const err = new AppError(
      'invalid_input',
      'control AC-1 has several evidence requirements; name one (E1, E2)',
      {
        field: 'requirementCode',
      },
    );
    expect(cliErrorMessage(err)).toBe(
      '--requirement: control AC-1 has several evidence requirements; name one (E1, E2)',
    );
  });

  it('leaves a message alone without a field, with a field no flag takes, or with other details', () => {
    expect(cliErrorMessage(new AppError('not_found', 'control AC-9 not found'))).toBe(
      'control AC-9 not found',
    );
    expect(cliErrorMessage(new AppError('invalid_input', 'bad', { field: 'title' }))).toBe('bad');
    expect(cliErrorMessage(new AppError('invalid_input', 'bad', [{ path: 'x' }]))).toBe('bad');
    expect(cliErrorMessage(new AppError('invalid_input', 'bad', null))).toBe('bad');
  });

  it('does not take a field name that only begins a longer word for the field', () => {
    const err = new AppError('invalid_input', 'attestation missing', { field: 'at' });
    expect(cliErrorMessage(err)).toBe('--at: attestation missing');
  });
});
