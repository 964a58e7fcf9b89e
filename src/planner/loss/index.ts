export type {
  ColumnRef,
  ConversionLoss,
  ConversionRefusal,
  LossChecks,
} from './checks';
