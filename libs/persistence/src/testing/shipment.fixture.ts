import { Column, Entity, MigrationInterface, QueryRunner } from 'typeorm';
import { VersionedEntity } from '../versioned.entity';

/** A tiny aggregate for the integration tests. */
@Entity({ name: 'shipment' })
export class ShipmentEntity extends VersionedEntity {
  @Column({ type: 'text' })
  reference: string;
}

export class CreateShipment1732780900000 implements MigrationInterface {
  name = 'CreateShipment1732780900000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE shipment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      reference text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE shipment');
  }
}

/** Declared as an entity but never migrated: proves nothing creates tables behind the migrations' back. */
@Entity({ name: 'never_migrated' })
export class NeverMigratedEntity extends VersionedEntity {}
