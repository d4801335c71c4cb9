import { describe, expect, it } from 'vitest';
import { publicUrlIsHttps, serverConfigFromEnv } from './config.js';

describe('serverConfigFromEnv: lock wait and public URL', () => {
  it('waits 2 s for a lock by default, or AUDITREADY_LOCK_TIMEOUT_MS', () => {
    expect(serverConfigFromEnv({}).lockTimeoutMs).toBe(2000);
    expect(serverConfigFromEnv({ AUDITREADY_LOCK_TIMEOUT_MS: '500' }).lockTimeoutMs).toBe(500);
    expect(() => serverConfigFromEnv({ AUDITREADY_LOCK_TIMEOUT_MS: 'soon' })).toThrow(
      /AUDITREADY_LOCK_TIMEOUT_MS must be a whole number/,
    );
  });

  it('infers TLS from an https public URL, and refuses a public URL that is no URL', () => {
    expect(
      publicUrlIsHttps(serverConfigFromEnv({ AUDITREADY_PUBLIC_URL: 'https://audit.example.com/' })),
    ).toBe(true);
    expect(publicUrlIsHttps(serverConfigFromEnv({ AUDITREADY_PUBLIC_URL: 'http://10.0.0.5:8080' }))).toBe(
      false,
    );
    expect(publicUrlIsHttps(serverConfigFromEnv({}))).toBe(false);
    expect(() => serverConfigFromEnv({ AUDITREADY_PUBLIC_URL: 'audit.example.com' })).toThrow(
      /AUDITREADY_PUBLIC_URL/,
    );
  });
});
