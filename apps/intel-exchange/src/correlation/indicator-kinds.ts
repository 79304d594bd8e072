import { IndicatorKind as ContractIndicatorKind } from '@wco/contracts';
import type { IndicatorKind } from '../domain/indicators';

// The domain names indicators by what they are; the match event contract uses its own coarser vocabulary.
const CONTRACT_KIND: Record<IndicatorKind, ContractIndicatorKind> = {
  container: ContractIndicatorKind.ContainerNumber,
  vessel_imo: ContractIndicatorKind.VesselImo,
  air_waybill: ContractIndicatorKind.TransportDocument,
  bill_of_lading: ContractIndicatorKind.TransportDocument,
  courier_tracking: ContractIndicatorKind.TransportDocument,
  vehicle_registration: ContractIndicatorKind.VehicleRegistration,
  company_identifier: ContractIndicatorKind.Company,
  hs_heading_route: ContractIndicatorKind.HsCode,
  concealment_route: ContractIndicatorKind.ConcealmentMethod,
};

export function toContractIndicatorKinds(kinds: readonly string[]): string[] {
  return [...new Set(kinds.map((k) => CONTRACT_KIND[k as IndicatorKind]).filter((k): k is ContractIndicatorKind => !!k))].sort();
}
