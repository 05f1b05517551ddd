import { InitialSchema1796417363000 } from './1796417363000-InitialSchema';

/** Every migration, oldest first. Listed explicitly so no file-glob loading is needed at run time. */
export const MIGRATIONS = [InitialSchema1796417363000];
