import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ minLength: 3, maxLength: 200, example: 'First webhook' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(3)
  @MaxLength(200)
  title: string;
}

/** A webhook as its readers see it. */
export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'FR', description: 'Owning organisation: a Member code, or WCO' })
  ownerMember: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
