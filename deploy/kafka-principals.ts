/**
 * Who produces and who consumes each topic, one row per service (libs/contracts/README.md says why each consumer
 * reads what it reads). deploy/deploy.spec.ts derives the ACLs every service's KafkaUser in deploy/kafka/users.yaml
 * must grant from this table, and nothing more: a service reads exactly the topics in its `consumes`. The service
 * generator (`nx g @wco/tools:service`) adds a new service's row; a service that starts consuming a topic adds it to
 * its `consumes` here and the matching ACLs (Read on the topic, Write on its DLQ, Read on its group) to users.yaml.
 */
export interface ServicePrincipal {
  /** The topics its outbox relay writes. */
  produces: readonly string[];
  /** The topics its consumer groups (named after the service, `<name>` or `<name>-*`) read. */
  consumes: readonly string[];
}

export const SERVICE_PRINCIPALS: Readonly<Record<string, ServicePrincipal>> = {
  'intel-exchange': {
    produces: ['intel.operation.v1', 'intel.report.v1', 'intel.match.v1', 'intel.feedback.v1', 'intel.access.v1', 'intel.lifecycle.v1'],
    consumes: [],
  },
  'budget-audit': { produces: ['budget.ledger.v1', 'budget.funding.v1', 'budget.followup.v1'], consumes: ['assistance.funding.v1'] },
  assistance: { produces: ['assistance.mission.v1', 'assistance.request.v1', 'assistance.funding.v1'], consumes: ['budget.funding.v1'] },
  'research-catalogue': { produces: ['research.publication.v1'], consumes: [] },
  gateway: {
    produces: ['gateway.webhook.v1'],
    consumes: ['intel.match.v1', 'research.publication.v1', 'assistance.mission.v1', 'assistance.request.v1'],
  },
};
