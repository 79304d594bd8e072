import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DecimalInt } from '../input/parameters';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from './cursor-codec';

/** `?limit=` of a capped list that has no further pages (a top-N). */
export class LimitQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  // Any int32 becomes a number, so that 101 is refused by @Max alone, naming the bound.
  @DecimalInt()
  @IsInt({ message: `must be a decimal integer between 1 and ${MAX_PAGE_SIZE}` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}

/** `?cursor=&limit=` of every cursor-paginated list; services extend it with their filters. */
export class PageQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({
    description: 'nextCursor of the previous page, unchanged',
    maxLength: MAX_CURSOR_LENGTH,
    pattern: '^[A-Za-z0-9_-]+$',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not a cursor this service issued (pass nextCursor from the previous page unchanged)' })
  cursor?: string;
}
