export function startLocalWorker(options: {
  name: string
  adminToken: string
  assets?: string
  prepare?: (db: { persist: string; url: string }) => Promise<void>
}): Promise<{ url: string; pid: number | null; dispose(): Promise<void> }>
