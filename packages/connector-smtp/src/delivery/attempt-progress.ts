import type Mail from 'nodemailer/lib/mailer';

/** What one attempt got to: whether its message stream reached its end. */
export interface AttemptProgress {
  bodyEnded: boolean;
}

/** Attempts in flight, by Message-ID (the key nodemailer's `mail.data` carries through). */
const attempts = new Map<string, AttemptProgress>();

/**
 * A nodemailer `stream` plugin (registered on every pooled transport) that notes when an
 * attempt's message stream has been read to its end. smtp-connection pipes that stream through
 * its DataStream, which writes the terminating <CRLF>.<CRLF> only when the stream has ended
 * (`_flush` in https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-connection/data-stream.js):
 * while it has not, the terminator cannot have been written. The pool may call
 * `createReadStream` again for a message it re-queues, so every stream it creates is watched.
 */
export const watchMessageStream: Mail.PluginFunction = (mail, done) => {
  const progress = attempts.get(String(mail.data.messageId));
  if (progress) {
    const message = mail.message;
    const createReadStream = message.createReadStream.bind(message);
    message.createReadStream = () => {
      const stream = createReadStream();
      stream.once('end', () => {
        progress.bodyEnded = true;
      });
      return stream;
    };
  }
  done();
};

/**
 * Runs one attempt of the message with this Message-ID, its progress noted by
 * {@link watchMessageStream} while it runs.
 */
export const watchAttempt = async <T>(
  messageId: string,
  progress: AttemptProgress,
  attempt: () => Promise<T>,
): Promise<T> => {
  attempts.set(messageId, progress);
  try {
    return await attempt();
  } finally {
    attempts.delete(messageId);
  }
};
