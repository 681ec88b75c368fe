// A directory lock shared by processes on one machine (several test runs may start in one work tree
// at once). A lock whose owner process is gone is taken over, so a killed install does not wedge
// later runs.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    if (!pid) return true; // being written right now
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // ENOENT: the owner has not written its pid yet; EPERM: alive but not ours.
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'EPERM';
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (!ownerAlive(lockDir)) fs.rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
}

export async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let announced = false;
  while (!tryAcquire(lockDir)) {
    if (!announced) console.log(`[harness] waiting for ${lockDir} (another run is installing)`);
    announced = true;
    await sleep(1000);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
