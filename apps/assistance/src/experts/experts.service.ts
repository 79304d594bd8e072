import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError } from '@wco/http';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isCoordinator } from '../access/assistance.access';
import { ExpertAlreadyRegisteredError, ExpertNotFoundError, TransitionPreconditionError } from '../domain/assistance.errors';
import { CreateExpertDto, ExpertSearchDto, ExpertView, UpdateExpertDto } from './dto/expert.dto';
import { ExpertRow, ExpertsRepository } from './experts.repository';

@Injectable()
export class ExpertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experts: ExpertsRepository,
  ) {}

  async register(caller: Principal, dto: CreateExpertDto): Promise<ExpertView> {
    if (!isCoordinator(caller))
      throw new ForbiddenError('only an assistance-coordinator of the WCO Secretariat manages the roster', { code: 'forbidden' });
    if (dto.accreditation.until < dto.accreditation.on)
      throw new TransitionPreconditionError('the accreditation ends before it starts', 'accreditation.until');
    const row: ExpertRow = {
      id: randomUUID(),
      subject: dto.subject,
      member: dto.member,
      languages: [...new Set(dto.languages)],
      thematic_areas: [...new Set(dto.thematicAreas)],
      accreditation_programme: dto.accreditation.programme,
      accredited_on: dto.accreditation.on,
      accredited_until: dto.accreditation.until,
      active: true,
      created_at: new Date(),
    };
    const inserted = await this.dataSource.transaction((em) => this.experts.insert(em, row, { fullName: dto.fullName, email: dto.email }));
    if (!inserted) throw new ExpertAlreadyRegisteredError();
    return toExpertView(row, dto.fullName);
  }

  async update(caller: Principal, id: string, dto: UpdateExpertDto): Promise<ExpertView> {
    if (!isCoordinator(caller)) throw new ExpertNotFoundError(id);
    const existing = await this.experts.findById(id);
    if (!existing) throw new ExpertNotFoundError(id);
    if (dto.accreditedUntil && dto.accreditedUntil < existing.accredited_on) {
      throw new TransitionPreconditionError('the accreditation cannot end before it started', 'accreditedUntil');
    }
    const row = await this.experts.update(id, {
      active: dto.active,
      accreditedUntil: dto.accreditedUntil,
      languages: dto.languages ? [...new Set(dto.languages)] : undefined,
      thematicAreas: dto.thematicAreas ? [...new Set(dto.thematicAreas)] : undefined,
    });
    if (!row) throw new ExpertNotFoundError(id);
    return toExpertView(row, (await this.experts.contactOf(id))?.fullName ?? '');
  }

  async search(caller: Principal, q: ExpertSearchDto): Promise<ExpertView[]> {
    if (!isCoordinator(caller)) return [];
    if (!!q.availableFrom !== !!q.availableTo)
      throw new TransitionPreconditionError('availableFrom and availableTo go together', q.availableFrom ? 'availableTo' : 'availableFrom');
    const rows = await this.experts.search(q, q.limit);
    return Promise.all(rows.map(async (r) => toExpertView(r, (await this.experts.contactOf(r.id))?.fullName ?? '')));
  }

  /** The roster entry of the calling expert; a caller who is not on the roster gets the answer of a missing expert. */
  async me(caller: Principal): Promise<ExpertRow> {
    const row = caller.roles.includes('expert') ? await this.experts.findBySubject(caller.subject) : null;
    if (!row) throw new ExpertNotFoundError('me');
    return row;
  }

  async meView(caller: Principal): Promise<ExpertView> {
    const row = await this.me(caller);
    return toExpertView(row, (await this.experts.contactOf(row.id))?.fullName ?? '');
  }
}

function toExpertView(r: ExpertRow, fullName: string): ExpertView {
  return {
    id: r.id,
    subject: r.subject,
    member: r.member,
    fullName,
    languages: r.languages,
    thematicAreas: r.thematic_areas,
    accreditation: { programme: r.accreditation_programme, on: r.accredited_on, until: r.accredited_until },
    active: r.active,
  };
}
