import { InitialSchema1796417363000 } from './1796417363000-InitialSchema';
import { AddFiles1796500000000 } from './1796500000000-AddFiles';
import { AddWaitingQueue1796610000000 } from './1796610000000-AddWaitingQueue';
import { AddDeliveryRetentionIndex1796700000000 } from './1796700000000-AddDeliveryRetentionIndex';
import { LightenMessageWrites1796800000000 } from './1796800000000-LightenMessageWrites';

/** Every migration, oldest first. Listed explicitly so no file-glob loading is needed at run time. */
export const MIGRATIONS = [InitialSchema1796417363000, AddFiles1796500000000, AddWaitingQueue1796610000000, AddDeliveryRetentionIndex1796700000000, LightenMessageWrites1796800000000];
