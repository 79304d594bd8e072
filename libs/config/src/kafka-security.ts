import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { BooleanFromEnv, ListFromEnv } from './env-transforms';
import { IsHostPortList, IsReadableFile } from './env-validators';

/** SASL mechanisms the platform's brokers offer (Strimzi `authentication.type: scram-sha-512`). */
export const KAFKA_SASL_MECHANISMS = ['scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * How a service authenticates to the brokers and protects the connection, as parsed from KAFKA_SASL_* and
 * KAFKA_SSL_*: each service has its own principal (a Strimzi KafkaUser) whose ACLs name its topics. Empty = a
 * plaintext, unauthenticated connection (the local broker).
 */
export interface KafkaSecurityConfig {
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
  /** TLS to the brokers; `caFile` for a private CA (Strimzi's cluster CA), `certFile` + `keyFile` for mTLS. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/**
 * Where the brokers are and how to reach them: every service's configuration (BaseServiceConfig extends it), and
 * on its own for the command-line tools (dlq-replay, create-topics), which connect with their own principal.
 */
export class KafkaConnectionConfig {
  @ListFromEnv()
  @IsHostPortList()
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  /** SASL to the brokers (the service's own Kafka principal); unset on the local broker. */
  @ValidateIf((c: KafkaConnectionConfig) =>
    [c.KAFKA_SASL_MECHANISM, c.KAFKA_SASL_USERNAME, c.KAFKA_SASL_PASSWORD].some((v) => v !== undefined),
  )
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (or unset for no SASL)` })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SASL_MECHANISM !== undefined || c.KAFKA_SASL_USERNAME !== undefined)
  @IsString({ message: 'is required when KAFKA_SASL_MECHANISM is set' })
  @MinLength(1)
  @MaxLength(255)
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SASL_MECHANISM !== undefined || c.KAFKA_SASL_PASSWORD !== undefined)
  @IsString({ message: 'is required when KAFKA_SASL_MECHANISM is set' })
  @MinLength(1)
  KAFKA_SASL_PASSWORD?: string;

  /** TLS to the brokers; implied by any KAFKA_SSL_*_FILE. */
  @BooleanFromEnv()
  @IsBoolean({ message: 'must be true or false' })
  KAFKA_SSL = false;

  /** PEM file of the CA that signed the brokers' certificates (Strimzi's cluster CA); the system CAs when unset. */
  @IsOptional()
  @IsReadableFile()
  KAFKA_SSL_CA_FILE?: string;

  /** PEM client certificate for mTLS (with KAFKA_SSL_KEY_FILE). */
  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SSL_CERT_FILE !== undefined || c.KAFKA_SSL_KEY_FILE !== undefined)
  @IsReadableFile({ message: 'must be the path of a readable file (KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together)' })
  KAFKA_SSL_CERT_FILE?: string;

  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SSL_CERT_FILE !== undefined || c.KAFKA_SSL_KEY_FILE !== undefined)
  @IsReadableFile({ message: 'must be the path of a readable file (KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together)' })
  KAFKA_SSL_KEY_FILE?: string;

  /** The Kafka connection's authentication and TLS, for @wco/messaging's createKafka. */
  get kafkaSecurity(): KafkaSecurityConfig {
    const tls = this.KAFKA_SSL || !!this.KAFKA_SSL_CA_FILE || !!this.KAFKA_SSL_CERT_FILE;
    return {
      ...(this.KAFKA_SASL_MECHANISM && this.KAFKA_SASL_USERNAME && this.KAFKA_SASL_PASSWORD
        ? { sasl: { mechanism: this.KAFKA_SASL_MECHANISM, username: this.KAFKA_SASL_USERNAME, password: this.KAFKA_SASL_PASSWORD } }
        : {}),
      ...(tls
        ? {
            tls: {
              ...(this.KAFKA_SSL_CA_FILE ? { caFile: this.KAFKA_SSL_CA_FILE } : {}),
              ...(this.KAFKA_SSL_CERT_FILE && this.KAFKA_SSL_KEY_FILE
                ? { certFile: this.KAFKA_SSL_CERT_FILE, keyFile: this.KAFKA_SSL_KEY_FILE }
                : {}),
            },
          }
        : {}),
    };
  }
}
