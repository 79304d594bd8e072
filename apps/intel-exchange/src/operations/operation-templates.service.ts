import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import type { CommodityCategory } from '../domain/code-lists';
import type { OperationView } from './dto/operation.dto';
import type {
  CreateFromTemplateDto,
  OperationTemplateDto,
  OperationTemplateView,
  UpdateOperationTemplateDto,
} from './dto/operation-template.dto';
import {
  CoordinatorRoleRequiredError,
  OperationTemplateNameTakenError,
  OperationTemplateNotFoundError,
  OperationTemplateVersionConflictError,
} from './operations.errors';
import { COORDINATOR_ROLE, OperationsService } from './operations.service';

interface TemplateRow {
  id: string;
  member: string;
  name: string;
  description: string | null;
  commodity_focus: string[];
  participants: string[];
  required_fields: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'id, member, name, description, commodity_focus, participants, required_fields, version, created_at, updated_at';

/**
 * Operation templates of the caller's organisation (its coordinators only): kept, listed, edited at a known version,
 * deleted, and turned into new operations (the template's commodity focus, participants and required report fields,
 * with the operation's own name and dates). Another organisation's template is a 404, as a missing one.
 */
@Injectable()
export class OperationTemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly operations: OperationsService,
  ) {}

  async create(caller: Principal, dto: OperationTemplateDto): Promise<OperationTemplateView> {
    requireCoordinator(caller);
    const now = new Date();
    const rows = (await this.named(dto.name, () =>
      this.dataSource.query(
        `INSERT INTO operation_template (id, member, name, description, commodity_focus, participants, required_fields, version,
                                         created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          caller.member,
          dto.name,
          dto.description ?? null,
          dto.commodityFocus,
          sorted(dto.participants),
          dto.requiredFields,
          caller.subject,
          now,
        ],
      ),
    )) as TemplateRow[];
    return view(rows[0]);
  }

  async list(caller: Principal): Promise<OperationTemplateView[]> {
    requireCoordinator(caller);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM operation_template WHERE member = $1 ORDER BY lower(name), id LIMIT 500`,
      [caller.member],
    )) as TemplateRow[];
    return rows.map(view);
  }

  async get(caller: Principal, id: string): Promise<OperationTemplateView> {
    requireCoordinator(caller);
    return view(await this.row(caller, id));
  }

  async update(caller: Principal, id: string, dto: UpdateOperationTemplateDto): Promise<OperationTemplateView> {
    requireCoordinator(caller);
    if (!UUID.test(id)) throw new OperationTemplateNotFoundError(id);
    const [rows] = (await this.named(dto.name, () =>
      this.dataSource.query(
        `UPDATE operation_template
            SET name = $4, description = $5, commodity_focus = $6, participants = $7, required_fields = $8,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND member = $2 AND version = $3 RETURNING ${COLUMNS}`,
        [
          id,
          caller.member,
          dto.version,
          dto.name,
          dto.description ?? null,
          dto.commodityFocus,
          sorted(dto.participants),
          dto.requiredFields,
        ],
      ),
    )) as [TemplateRow[], number];
    if (rows.length === 1) return view(rows[0]);
    const current = await this.row(caller, id);
    throw new OperationTemplateVersionConflictError(id, dto.version, current.version);
  }

  async remove(caller: Principal, id: string): Promise<OperationTemplateView> {
    requireCoordinator(caller);
    if (!UUID.test(id)) throw new OperationTemplateNotFoundError(id);
    const [rows] = (await this.dataSource.query(`DELETE FROM operation_template WHERE id = $1 AND member = $2 RETURNING ${COLUMNS}`, [
      id,
      caller.member,
    ])) as [TemplateRow[], number];
    if (rows.length === 0) throw new OperationTemplateNotFoundError(id);
    return view(rows[0]);
  }

  /** A new operation (planned) from the template as it is now; later edits of the template do not change it. */
  async instantiate(caller: Principal, id: string, dto: CreateFromTemplateDto): Promise<OperationView> {
    requireCoordinator(caller);
    const template = await this.row(caller, id);
    return this.operations.create(caller, {
      name: dto.name,
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      commodityFocus: template.commodity_focus as CommodityCategory[],
      participants: template.participants,
      requiredFields: template.required_fields,
    });
  }

  private async row(caller: Principal, id: string): Promise<TemplateRow> {
    if (!UUID.test(id)) throw new OperationTemplateNotFoundError(id);
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM operation_template WHERE id = $1 AND member = $2`, [
      id,
      caller.member,
    ])) as TemplateRow[];
    if (rows.length === 0) throw new OperationTemplateNotFoundError(id);
    return rows[0];
  }

  /** The name's uniqueness per organisation is the index's: its violation is the caller's 409. */
  private async named<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505')
        throw new OperationTemplateNameTakenError(name);
      throw e;
    }
  }
}

function requireCoordinator(caller: Principal): void {
  if (!caller.roles.includes(COORDINATOR_ROLE)) throw new CoordinatorRoleRequiredError(COORDINATOR_ROLE);
}

const sorted = (members: readonly string[]): string[] => [...members].sort();

function view(row: TemplateRow): OperationTemplateView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    commodityFocus: row.commodity_focus,
    participants: row.participants,
    requiredFields: row.required_fields,
    member: row.member,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
