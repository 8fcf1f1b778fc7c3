import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

export type KeyAndCert = {key: string; cert: string};

/** Certificates for 127.0.0.1 made at test time by openssl, each broken in one way. */
export type TestCertificates = {
	/** A test CA (PEM) and its file, for --cacert. */
	readonly ca: string;
	readonly caFile: string;
	/** Signed by the test CA, valid for IP 127.0.0.1. */
	readonly leaf: KeyAndCert;
	/** Self-signed, valid for 127.0.0.1. */
	readonly selfSigned: KeyAndCert;
	/** Signed by the test CA, for another host only. */
	readonly wrongHost: KeyAndCert;
	/** Signed by the test CA, expired in 2020. */
	readonly expired: KeyAndCert;
};

function openssl(dir: string, args: readonly string[]): void {
	execFileSync('openssl', args, {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']});
}

function read(dir: string, name: string): KeyAndCert {
	return {key: readFileSync(path.join(dir, `${name}.key`), 'utf8'), cert: readFileSync(path.join(dir, `${name}.pem`), 'utf8')};
}

/** Writes the certificates into `dir` (a temp folder the caller removes). */
export function makeCertificates(dir: string): TestCertificates {
	const key = (name: string, subject: string) => openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
	openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=imgrace test CA', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem']);
	openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2', '-keyout', 'self.key', '-out', 'self.pem']);
	writeFileSync(path.join(dir, 'ip.ext'), 'subjectAltName=IP:127.0.0.1\n');
	writeFileSync(path.join(dir, 'other.ext'), 'subjectAltName=DNS:other.invalid\n');
	for (const [name, ext] of [['leaf', 'ip.ext'], ['wrong', 'other.ext']] as const) {
		key(name, name === 'leaf' ? '/CN=127.0.0.1' : '/CN=other.invalid');
		openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', `${name}.pem`]);
	}

	// `openssl x509` cannot back-date a certificate; `openssl ca` can, with a throwaway database.
	key('old', '/CN=127.0.0.1');
	mkdirSync(path.join(dir, 'db'));
	writeFileSync(path.join(dir, 'db', 'index.txt'), '');
	writeFileSync(path.join(dir, 'db', 'serial'), '01\n');
	writeFileSync(path.join(dir, 'ca.cnf'), [
		'[ca]', 'default_ca=d', '[d]', 'database=db/index.txt', 'new_certs_dir=db', 'serial=db/serial', 'default_md=sha256',
		'policy=p', 'unique_subject=no', '[p]', 'commonName=supplied', '[x]', 'subjectAltName=IP:127.0.0.1', '',
	].join('\n'));
	openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'old.csr', '-out', 'old.pem', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extensions', 'x', '-notext']);
	return {
		ca: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
		caFile: path.join(dir, 'ca.pem'),
		leaf: read(dir, 'leaf'),
		selfSigned: read(dir, 'self'),
		wrongHost: read(dir, 'wrong'),
		expired: read(dir, 'old'),
	};
}
