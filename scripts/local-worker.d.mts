export function startLocalWorker(options: {
  name: string
  adminToken: string
  assets?: string
  prepare?: (db: { persist: string; url: string }) => Promise<void>
  inspector?: boolean
}): Promise<{ url: string; pid: number | null; heapUsed?: () => Promise<number>; dispose(): Promise<void> }>
