import { ConfigError, KafkaConnectionConfig, loadConfig } from '@wco/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaConnectionOptions } from './kafka-client';

// From the environment a deployment sets (deploy/base/intel-exchange) to the options kafkajs connects with: each
// service authenticates as its own principal (SCRAM-SHA-512 or mTLS) and verifies the brokers' certificates.
describe('Kafka connection settings: environment -> kafkajs options', () => {
  let dir: string;
  const pem = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const optionsFor = (env: Record<string, string>) => kafkaConnectionOptions(loadConfig(KafkaConnectionConfig, env).kafkaSecurity);
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(KafkaConnectionConfig, env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return { message: (error as ConfigError).message, problems: (error as ConfigError).problems };
    }
    throw new Error('expected the configuration to be refused');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-client-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('connects in plaintext without authentication when nothing is set (the local broker)', () => {
    expect(optionsFor({})).toEqual({});
  });

  it('authenticates with SCRAM-SHA-512 over TLS verified against the cluster CA', () => {
    const ca = pem('ca.crt', '-----BEGIN CERTIFICATE-----\ncluster-ca\n-----END CERTIFICATE-----\n');
    expect(
      optionsFor({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'intel-exchange',
        KAFKA_SASL_PASSWORD: 's3cr3t',
        KAFKA_SSL_CA_FILE: ca,
      }),
    ).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'intel-exchange', password: 's3cr3t' },
      ssl: { rejectUnauthorized: true, ca: ['-----BEGIN CERTIFICATE-----\ncluster-ca\n-----END CERTIFICATE-----\n'] },
    });
  });

  it('authenticates with a client certificate (mTLS), and KAFKA_SSL=true alone uses the system CAs', () => {
    const cert = pem('user.crt', 'client-cert');
    const key = pem('user.key', 'client-key');
    expect(optionsFor({ KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key })).toEqual({
      ssl: { rejectUnauthorized: true, cert: 'client-cert', key: 'client-key' },
    });
    expect(optionsFor({ KAFKA_SSL: 'true' })).toEqual({ ssl: { rejectUnauthorized: true } });
  });

  it('refuses incomplete credentials, naming each variable and never echoing the password', () => {
    const { problems, message } = problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'intel-exchange' });
    expect(problems.map((p) => p.variable)).toEqual(['KAFKA_SASL_PASSWORD']);
    expect(message).toContain('KAFKA_SASL_PASSWORD');
    const noMechanism = problemsOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    expect(noMechanism.problems.map((p) => p.variable)).toEqual(['KAFKA_SASL_MECHANISM']);
    expect(noMechanism.message).not.toContain('hunter2-secret');
    const plain = problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    expect(plain.problems).toEqual([{ variable: 'KAFKA_SASL_MECHANISM', reasons: [expect.stringContaining('scram-sha-512')] }]);
    expect(plain.message).not.toContain('hunter2-secret');
  });

  it('refuses a certificate without its key and files it cannot read', () => {
    const cert = pem('only.crt', 'client-cert');
    expect(problemsOf({ KAFKA_SSL_CERT_FILE: cert }).problems.map((p) => p.variable)).toEqual(['KAFKA_SSL_KEY_FILE']);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: join(dir, 'missing.crt') }).problems.map((p) => p.variable)).toEqual(['KAFKA_SSL_CA_FILE']);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: dir }).problems.map((p) => p.variable)).toEqual(['KAFKA_SSL_CA_FILE']);
  });
});
