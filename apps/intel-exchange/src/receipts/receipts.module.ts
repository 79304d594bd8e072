import { Module } from '@nestjs/common';
import { AccessReceiptsRepository } from './access-receipts.repository';
import { AccessReceiptsService } from './access-receipts.service';

@Module({
  providers: [AccessReceiptsRepository, AccessReceiptsService],
  exports: [AccessReceiptsService],
})
export class ReceiptsModule {}
