import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecimalInt } from '@wco/http';
import { IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';

export class InclusionProofQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: "Size of the tree the proof is for (a signed tree head's treeSize); default: the latest signed head",
  })
  @IsOptional()
  @DecimalInt()
  @IsInt({ message: 'must be a decimal integer' })
  @Min(1)
  treeSize?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Sequence number of the entry, from 1 (or give leafHash)' })
  @ValidateIf((q: InclusionProofQueryDto) => q.leafHash === undefined)
  @DecimalInt()
  @IsInt({ message: 'must be a decimal integer (or give leafHash)' })
  @Min(1)
  seq?: number;

  @ApiPropertyOptional({ description: 'Leaf hash of the entry, 64 hex digits (instead of seq)', pattern: '^[0-9a-f]{64}$' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' })
  leafHash?: string;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @DecimalInt()
  @IsInt({ message: 'must be a decimal integer' })
  @Min(1)
  from: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @DecimalInt()
  @IsInt({ message: 'must be a decimal integer' })
  @Min(1)
  to: number;
}

export class TreeHeadView {
  @ApiProperty({ type: 'integer' }) treeSize: number;
  @ApiProperty({ type: 'integer', description: 'treeSize of the previous signed head, 0 for the first' }) previousTreeSize: number;
  @ApiProperty({ description: 'hex' }) rootHash: string;
  @ApiProperty({ type: 'integer', description: 'ms since the epoch' }) timestamp: number;
  @ApiProperty({ description: 'SHA-256 of the DER SubjectPublicKeyInfo, hex' }) keyId: string;
  @ApiProperty({ description: 'Ed25519 over the RFC 9162 TreeHeadDataV2 bytes, base64' }) signature: string;
}

export class AuditEntryView {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty() kind: string;
  @ApiProperty() aggregateId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty() prevHash: string;
  @ApiProperty() leafHash: string;
  @ApiProperty({ description: 'RFC 8785 bytes the leaf hashes, base64' }) canonical: string;
}

export class InclusionProofView {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty({ type: 'integer' }) treeSize: number;
  @ApiProperty() leafHash: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion path, hex, leaf to root' }) proof: string[];
}

export class ConsistencyProofView {
  @ApiProperty({ type: 'integer' }) from: number;
  @ApiProperty({ type: 'integer' }) to: number;
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency path, hex' }) proof: string[];
}

export class PublishedKeyPeriodView {
  @ApiProperty() keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty() publicKeyPem: string;
  @ApiProperty({ enum: ['current', 'retired'] }) status: 'current' | 'retired';
  @ApiProperty({ type: String, nullable: true, description: 'ISO 8601; null: since the log began' }) validFrom: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 8601, exclusive; null for the current key' }) validUntil: string | null;
}

export class PublishedKeyView {
  @ApiProperty({ description: 'the current key (also first in keys)' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty() publicKeyPem: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) jwk: object;
  @ApiProperty({ description: 'true for a key generated for development: never trust it' }) development: boolean;
  @ApiProperty({
    type: [PublishedKeyPeriodView],
    description: 'every key the log signed with, current first, with its period: a head counts only under the key valid at its timestamp',
  })
  keys: PublishedKeyPeriodView[];
}
