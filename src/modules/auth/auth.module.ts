import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyService } from './api-key.service';
import { ApiLevelGuard } from './api-level.guard';
import { BearerStrategy } from './bearer.strategy';
import { IssueTokenHandler } from './commands/issue-token.handler';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiTokenEntity } from './entities/api-token.entity';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

@Module({
  imports: [PassportModule.register({ session: false }), TypeOrmModule.forFeature([ApiKeyEntity, ApiTokenEntity])],
  controllers: [TokenController],
  providers: [TokenService, ApiKeyService, BearerStrategy, IssueTokenHandler, { provide: APP_GUARD, useClass: ApiLevelGuard }],
  exports: [TokenService, ApiKeyService],
})
export class AuthModule {}
