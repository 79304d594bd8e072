import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wco/auth';
import { ApiProblems, ParseInt32Pipe, Public } from '@wco/http';
import {
  AuditEntryView,
  ConsistencyProofQueryDto,
  ConsistencyProofView,
  InclusionProofQueryDto,
  InclusionProofView,
  PublishedKeyView,
  TreeHeadView,
} from './audit-log.dto';
import { TreeHeadNotFoundError } from './audit-log.errors';
import { AuditLogService } from './audit-log.service';

/**
 * Who reads the log: auditors (internal, external, Audit Committee), the finance roles and admins. The log holds
 * budget and ledger facts, no personal data; what makes it trustworthy (the key) is public.
 */
const READERS = ['auditor', 'audit-committee', 'finance-officer', 'finance-committee', 'admin'] as const;

@ApiTags('audit-log')
@Controller('audit-log')
@Roles(...READERS)
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get('tree-heads/latest')
  @ApiOperation({ summary: 'The latest signed tree head' })
  @ApiOkResponse({ type: TreeHeadView })
  @ApiProblems({ 404: ['audit_tree_head_not_found'] })
  latest(): Promise<TreeHeadView> {
    return this.log.latestTreeHead();
  }

  @Post('tree-heads')
  @ApiOperation({
    summary: 'Sign a tree head now (on demand)',
    description: 'Signs the current size; when nothing was appended since the last head, answers that head. Writes no ledger entry.',
  })
  @ApiCreatedResponse({ type: TreeHeadView })
  @ApiProblems({ 404: ['audit_tree_head_not_found'] })
  async signNow(): Promise<TreeHeadView> {
    const head = await this.log.signNow();
    if (!head) throw new TreeHeadNotFoundError();
    return head;
  }

  @Get('entries/:seq')
  @ApiOperation({ summary: 'One entry of the log, with the canonical bytes its leaf hashes' })
  @ApiOkResponse({ type: AuditEntryView })
  @ApiProblems({ 400: ['validation_failed'], 404: ['audit_entry_not_found'] })
  entry(@Param('seq', new ParseInt32Pipe({ min: 1 })) seq: number): Promise<AuditEntryView> {
    return this.log.entry(seq);
  }

  @Get('proofs/inclusion')
  @ApiOperation({
    summary:
      'RFC 9162 inclusion proof of an entry (by seq or leaf hash; leaf index seq - 1) in the tree of treeSize entries (default: the latest signed head)',
  })
  @ApiOkResponse({ type: InclusionProofView })
  @ApiProblems({ 400: ['validation_failed'], 404: ['audit_entry_not_found', 'audit_tree_head_not_found'] })
  inclusion(@Query() q: InclusionProofQueryDto): Promise<InclusionProofView> {
    return this.log.inclusionProof(q);
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between the trees of from and to entries' })
  @ApiOkResponse({ type: ConsistencyProofView })
  @ApiProblems({ 400: ['validation_failed'] })
  consistency(@Query() q: ConsistencyProofQueryDto): Promise<ConsistencyProofView> {
    return this.log.consistencyProof(q.from, q.to);
  }
}

/** The public key auditors verify tree heads with: public on purpose. */
@ApiTags('audit-log')
@Controller('.well-known')
export class AuditLogKeyController {
  constructor(private readonly log: AuditLogService) {}

  @Get('audit-log-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key of the audit log (PEM and JWK) and its key id' })
  @ApiOkResponse({ type: PublishedKeyView })
  key(): PublishedKeyView {
    return this.log.publishedKey();
  }
}
