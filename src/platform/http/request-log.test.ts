import { describe, expect, it } from 'vitest';
import { requestLogLine, serverTimingValue } from './request-log.js';

describe('requestLogLine', () => {
  it('logs server errors at error, whatever their time', () => {
    expect(requestLogLine(500, 1, 1000).level).toBe('error');
    expect(requestLogLine(503, 5000, 1000).level).toBe('error');
  });
  it('logs slow requests at warn, from the threshold on', () => {
    expect(requestLogLine(200, 1000, 1000).level).toBe('warn');
    expect(requestLogLine(404, 2500, 1000).level).toBe('warn');
    expect(requestLogLine(200, 999, 1000).level).toBe('debug');
  });
  it('logs refused requests at info and the rest at debug', () => {
    expect(requestLogLine(401, 3, 1000).level).toBe('info');
    expect(requestLogLine(429, 3, 1000).level).toBe('info');
    expect(requestLogLine(200, 3, 1000).level).toBe('debug');
    expect(requestLogLine(304, 3, 1000).level).toBe('debug');
  });
});

describe('serverTimingValue', () => {
  it('names the application time in milliseconds with one decimal', () => {
    expect(serverTimingValue(12.345)).toBe('app;dur=12.3');
    expect(serverTimingValue(0.04)).toBe('app;dur=0.0');
    expect(serverTimingValue(1500)).toBe('app;dur=1500.0');
  });
});
