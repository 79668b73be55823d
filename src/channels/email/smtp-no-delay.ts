/**
 * nodemailer opens its SMTP sockets with Nagle's algorithm on (Node's default for net.connect).
 * Each message ends with a small write (the data's last line, then `.`) that Nagle holds back until
 * the server acknowledges the write before it, and the server delays that acknowledgement (up to
 * 40 ms on Linux) while it waits for the rest of the command: one stall per message on every
 * pooled connection, about 45 ms of a 50 ms send to a local relay, whatever the CPU. nodemailer
 * has no option for it, so every SMTP connection of this process turns Nagle off (`setNoDelay`)
 * as soon as it is connected, before the greeting; a STARTTLS upgrade keeps the TCP socket's
 * setting, and a TLS socket (`smtps:`) passes it to its TCP socket. The bytes sent are the same.
 * Installed once, by the SMTP mailer.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

interface ConnectionInternals {
  _socket?: { setNoDelay?: (noDelay?: boolean) => unknown };
  _onConnect(): void;
}

const proto = SMTPConnection.prototype as unknown as ConnectionInternals;
const onConnect = proto._onConnect;
let installed = false;

/** Every SMTP connection of this process sends each write at once (no Nagle). */
export function useNoDelaySockets(): void {
  if (installed) return;
  installed = true;
  proto._onConnect = function (this: ConnectionInternals) {
    this._socket?.setNoDelay?.(true);
    onConnect.call(this);
  };
}
