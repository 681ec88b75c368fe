// Sign-out's effect on SecretStorage: carries out releaseSteps (secretKeys.ts) against the store, and
// deletes keys in formats this version no longer uses. The decisions stay pure; this only acts.
import type { EnumerableSecretStore } from './keyLedger';
import { editSerializedCache } from './msalCacheEdits';
import { isStaleKey, releaseSteps, type ReleaseStep, type SessionKeyFacts } from './secretKeys';

/** Deletes what `removed` held that none of `remaining` needs; returns what was done. */
export async function releaseSession(
  store: EnumerableSecretStore,
  removed: SessionKeyFacts,
  remaining: readonly SessionKeyFacts[],
): Promise<ReleaseStep[]> {
  const steps = releaseSteps(removed, remaining);
  for (const step of steps) await applyStep(store, step);
  await deleteStaleKeys(store);
  return steps;
}

async function applyStep(store: EnumerableSecretStore, step: ReleaseStep): Promise<void> {
  if (step.kind === 'deleteKey') {
    await store.delete(step.key);
    return;
  }
  const edited = editSerializedCache(await store.get(step.key), step);
  // Nothing of anyone left (or unreadable): delete the key rather than keep an empty cache.
  if (edited === undefined) await store.delete(step.key);
  else await store.store(step.key, edited);
}

/** Keys an earlier version wrote (e.g. per-tenant caches): nothing reads them any more. */
export async function deleteStaleKeys(store: EnumerableSecretStore): Promise<void> {
  for (const key of await store.keys()) if (isStaleKey(key)) await store.delete(key);
}
