import { ConfigError, loadConfig } from '@wco/config';
import { IntelExchangeConfig } from './intel-exchange.config';

describe('IntelExchangeConfig OUTBOX_RELAY', () => {
  const dev = { AUTH_DEV_ISSUER: 'true' };

  it('publishes the outbox from the API process unless told otherwise', () => {
    expect(loadConfig(IntelExchangeConfig, dev).OUTBOX_RELAY).toBe(true);
    expect(loadConfig(IntelExchangeConfig, { ...dev, OUTBOX_RELAY: 'false' }).OUTBOX_RELAY).toBe(false);
  });

  it('refuses a value that is not a boolean, naming the variable', () => {
    expect(() => loadConfig(IntelExchangeConfig, { ...dev, OUTBOX_RELAY: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig(IntelExchangeConfig, { ...dev, OUTBOX_RELAY: 'sometimes' })).toThrow(
      'OUTBOX_RELAY must be true or false (got "sometimes")',
    );
  });
});
