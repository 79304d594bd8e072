import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  COMMODITY_CATEGORIES,
  CommodityCategory,
  CurrencyCode,
  MASS_UNITS,
  MassUnit,
  QUANTITY_UNITS,
  QuantityUnit,
  unitsAllowedFor,
} from '../../domain/code-lists';
import { GoodsItem, MonetaryAmount, Quantity, Weight } from '../../domain/report.types';
import { IsCurrencyCode, IsHsCode, normaliseHsCode } from '../../domain/validators';
import { CrossFieldRule, normaliseString } from './cross-field-rule';
import { REPORT_LIMITS } from './report-limits';
import { API_ENUMS } from '../../common/api-properties';

const finite = { allowNaN: false, allowInfinity: false } as const;

export class QuantityDto implements Quantity {
  @ApiProperty({ minimum: 0, maximum: REPORT_LIMITS.maxAmount, example: 120 })
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  value: number;

  @ApiProperty({ ...API_ENUMS.quantityUnit, description: 'Must fit the commodity category (e.g. cigarettes in sticks, not litres)' })
  @IsIn(QUANTITY_UNITS)
  unit: QuantityUnit;
}

/** A weight is meaningless without its unit, so both are required. */
export class WeightDto implements Weight {
  @ApiProperty({ minimum: 0, maximum: REPORT_LIMITS.maxAmount, example: 350.5 })
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  value: number;

  @ApiProperty({ ...API_ENUMS.massUnit })
  @IsIn(MASS_UNITS, { message: 'unit must be a unit of mass: kg, g or t' })
  unit: MassUnit;
}

/** An amount without a currency cannot be compared or aggregated, so both are required. */
export class MonetaryAmountDto implements MonetaryAmount {
  @ApiProperty({ minimum: 0, maximum: REPORT_LIMITS.maxAmount, example: 250000 })
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  amount: number;

  @ApiProperty({ ...API_ENUMS.currency, description: 'Active ISO 4217 code' })
  @IsCurrencyCode()
  currency: CurrencyCode;
}

export class GoodsItemDto implements GoodsItem {
  @ApiProperty({ ...API_ENUMS.commodity })
  @IsIn(COMMODITY_CATEGORIES)
  commodityCategory: CommodityCategory;

  @ApiProperty({ minLength: 1, maxLength: REPORT_LIMITS.longText, example: 'Cocaine hydrochloride in 100 bricks' })
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.longText)
  description: string;

  @ApiPropertyOptional({
    example: '293979',
    description: 'HS code: 6 digits of chapter 01-97 (not 77) plus an optional 2-4 digit national extension; dots and spaces are removed',
  })
  @IsOptional()
  @Transform(normaliseString(normaliseHsCode))
  @IsHsCode()
  hsCode?: string;

  @ApiPropertyOptional({ type: () => QuantityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuantityDto)
  @CrossFieldRule<GoodsItemDto>('unitFitsCommodity', (value, item) => {
    const unit = (value as Partial<Quantity> | undefined)?.unit;
    if (typeof unit !== 'string' || typeof item.commodityCategory !== 'string') return true;
    const allowed = unitsAllowedFor(item.commodityCategory);
    return allowed.includes(unit as QuantityUnit)
      ? true
      : `unit ${unit} does not fit commodity ${item.commodityCategory} (allowed: ${allowed.join(', ')})`;
  })
  quantity?: QuantityDto;

  @ApiPropertyOptional({ type: () => WeightDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightDto)
  grossWeight?: WeightDto;

  @ApiPropertyOptional({ type: () => WeightDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeightDto)
  netWeight?: WeightDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: REPORT_LIMITS.maxAmount })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  pieces?: number;

  @ApiPropertyOptional({ type: () => MonetaryAmountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MonetaryAmountDto)
  estimatedValue?: MonetaryAmountDto;
}
