import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DevIssuer, Public } from '@wco/auth';
import { ApiProblems, ValidationFailedError } from '@wco/http';
import { IsIn, IsString } from 'class-validator';
import { DEV_USERS } from './dev-users';

const TOKEN_LIFETIME = '1h';
const TOKEN_LIFETIME_SECONDS = 3600;

export class DevUserView {
  @ApiProperty() id: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'wco_member: a Member code, or WCO for Secretariat staff' }) member: string;
  @ApiProperty({ type: [String] }) roles: string[];
}

export class DevLoginDto {
  @ApiProperty({ enum: DEV_USERS.map((u) => u.id), description: 'One of the seeded users' })
  @IsString()
  @IsIn(DEV_USERS.map((u) => u.id), { message: 'user must be one of the seeded development users' })
  user: string;
}

export class DevTokenView {
  @ApiProperty({ description: 'Bearer token signed by the development issuer' }) token: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until it expires' }) expiresIn: number;
  @ApiProperty({ type: () => DevUserView }) user: DevUserView;
}

/**
 * The console's development login: a seeded user of the development issuer, picked in the browser (the dev-token CLI
 * is for curl). Mounted only when the gateway uses the development issuer, which itself refuses to load with
 * NODE_ENV=production, so no production gateway has this route.
 */
@ApiTags('auth')
@Public()
@Controller('auth/dev-login')
export class DevLoginController {
  constructor(private readonly issuer: DevIssuer) {}

  @Get('users')
  @ApiOperation({ summary: 'The seeded development users (only with the development issuer)' })
  @ApiOkResponse({ type: DevUserView, isArray: true })
  users(): DevUserView[] {
    return DEV_USERS.map((u) => ({ ...u, roles: [...u.roles] }));
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A development token for a seeded user (only with the development issuer)' })
  @ApiOkResponse({ type: DevTokenView })
  @ApiProblems({ 400: ['validation_failed'] })
  async token(@Body() dto: DevLoginDto): Promise<DevTokenView> {
    const user = DEV_USERS.find((u) => u.id === dto.user);
    if (!user) throw new ValidationFailedError([{ field: 'user', reason: 'user must be one of the seeded development users' }]);
    const token = await this.issuer.issueToken({
      subject: `dev-${user.id}`,
      member: user.member,
      roles: [...user.roles],
      expiresIn: TOKEN_LIFETIME,
    });
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS, user: { ...user, roles: [...user.roles] } };
  }
}
