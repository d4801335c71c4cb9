import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_MODULES, commandWord } from './program.js';

// The first test imports every command module (and through them most of src/): slow to transform on a busy machine.
describe('the lazily loaded command table', { timeout: 120_000 }, () => {
  it('names every top-level command the modules register, and nothing else', async () => {
    const program = await buildProgram();
    const registered = program.commands.map((command) => command.name()).sort();
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(registered);
  });

  it('registers, for one command word, a program that holds that command', async () => {
    for (const name of Object.keys(COMMAND_MODULES)) {
      const program = await buildProgram([name]);
      expect(program.commands.map((command) => command.name())).toContain(name);
    }
  });

  it('registers every command when the word is not a command (so the usage error lists them)', async () => {
    const program = await buildProgram(['no-such-command']);
    expect(program.commands.length).toBe(new Set(Object.keys(COMMAND_MODULES)).size);
  });
});

describe('commandWord', () => {
  it('skips global options and their values', () => {
    expect(commandWord(['--data', 'readiness', 'plan'])).toBe('plan');
    expect(commandWord(['--org', 'acme', '--json', 'readiness', '--at', '2026-01-01'])).toBe('readiness');
    expect(commandWord(['--json'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
    expect(commandWord(['--', 'verify'])).toBe('verify');
  });
});
