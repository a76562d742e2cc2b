import type { FastifyReply } from 'fastify';
import { TUS_RESUMABLE } from '@tus/utils';

/** Header carrying the file id on the last response of a resumable upload (and HEAD once stored). */
export const FILE_ID_HEADER = 'Artstore-File-Id';

/** An answer the ingester gives itself on a tus route, without @tus/server. */
export interface TusAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function tusAnswer(status: number, message: string, headers: Record<string, string> = {}): TusAnswer {
  return {
    status,
    headers: { 'Tus-Resumable': TUS_RESUMABLE, ...headers },
    body: message === '' ? '' : `${message}\n`,
  };
}

export async function sendTusAnswer(reply: FastifyReply, answer: TusAnswer): Promise<void> {
  await reply
    .status(answer.status)
    .headers({ 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8', ...answer.headers })
    .send(answer.body);
}
