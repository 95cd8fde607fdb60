export {
  default as catalogueService,
  type CatalogueListener,
  type ModelStatePatch,
  type RecordOutcome,
} from './service';
