import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
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

const finite = { allowNaN: false, allowInfinity: false } as const;

export class QuantityDto implements Quantity {
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  value: number;

  @IsIn(QUANTITY_UNITS)
  unit: QuantityUnit;
}

/** A weight is meaningless without its unit, so both are required. */
export class WeightDto implements Weight {
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  value: number;

  @IsIn(MASS_UNITS, { message: 'unit must be a unit of mass: kg, g or t' })
  unit: MassUnit;
}

/** An amount without a currency cannot be compared or aggregated, so both are required. */
export class MonetaryAmountDto implements MonetaryAmount {
  @IsNumber(finite)
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  amount: number;

  @IsCurrencyCode()
  currency: CurrencyCode;
}

export class GoodsItemDto implements GoodsItem {
  @IsIn(COMMODITY_CATEGORIES)
  commodityCategory: CommodityCategory;

  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.longText)
  description: string;

  @IsOptional()
  @Transform(normaliseString(normaliseHsCode))
  @IsHsCode()
  hsCode?: string;

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

  @IsOptional()
  @ValidateNested()
  @Type(() => WeightDto)
  grossWeight?: WeightDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => WeightDto)
  netWeight?: WeightDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REPORT_LIMITS.maxAmount)
  pieces?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => MonetaryAmountDto)
  estimatedValue?: MonetaryAmountDto;
}
