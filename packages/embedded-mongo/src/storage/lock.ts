/** An exclusive lock on a data directory, held through a pid file (`mongod.lock`). */
import fs from 'node:fs'
import path from 'node:path'

/** Raised when another live process holds the data directory. */
export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Locks held by this process, so a second server in the same process is refused too. */
const heldHere = new Set<string>()

/**
 * Takes the lock on `dbPath`, or throws DataDirLockedError naming the holder. A lock left by a
 * process that no longer exists (killed with SIGKILL) is taken over.
 * @returns a function that releases the lock.
 */
export function lockDataDir(dbPath: string): () => void {
  const file = path.join(dbPath, 'mongod.lock')
  const resolved = path.resolve(file)
  if (heldHere.has(resolved)) {
    throw new DataDirLockedError(
      `data directory ${dbPath} is already in use by an embedded-mongo server in this process (${file})`,
    )
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      heldHere.add(resolved)
      return () => {
        heldHere.delete(resolved)
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
        } catch {
          // already gone
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new DataDirLockedError(
        `data directory ${dbPath} is locked by process ${pid} (${file}); stop that server or use another --dbpath`,
      )
    }
    // Stale lock from a dead process (or unreadable): remove it and retry.
    fs.rmSync(file, { force: true })
  }
  throw new DataDirLockedError(`could not lock data directory ${dbPath}`)
}
