import { Module } from '@nestjs/common';
import { AccessReceiptsService } from './access-receipts.service';

@Module({
  providers: [AccessReceiptsService],
  exports: [AccessReceiptsService],
})
export class ReceiptsModule {}
