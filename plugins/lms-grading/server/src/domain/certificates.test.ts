import { describe, expect, it } from 'vitest';
import { certificateFileName, certificateLearnerName, regenerationRefusal, revocationRefusal } from './certificates';

describe('certificateLearnerName', () => {
  it('prints the full name when there is one, tidied', () => {
    expect(certificateLearnerName({ fullName: '  Emma   van der Merwe ', username: 'emma', email: 'emma@example.com' })).toBe('Emma van der Merwe');
    // Combining accents are stored precomposed (the PDF text layer and search then agree).
    expect(certificateLearnerName({ fullName: 'Zoe\u0308 Ne\u0301meth' })).toBe('Zoë Németh');
    expect(certificateLearnerName({ fullName: 'Αλέξανδρος Παπαδόπουλος' })).toBe('Αλέξανδρος Παπαδόπουλος');
  });

  it('falls back to a username that is not an email address', () => {
    expect(certificateLearnerName({ fullName: '   ', username: 'sipho', email: 'sipho.dlamini@example.com' })).toBe('sipho');
  });

  it('never prints an email address: a username that is one becomes a name from its local part', () => {
    expect(certificateLearnerName({ username: 'ada.lovelace@example.com', email: 'ada.lovelace@example.com' })).toBe('Ada Lovelace');
    expect(certificateLearnerName({ username: null, email: 'van_der-merwe+lms@example.com' })).toBe('Van Der Merwe');
    expect(certificateLearnerName({ username: '', email: '' })).toBe('Learner');
    for (const name of [certificateLearnerName({ username: 'x@y.z' }), certificateLearnerName({ email: 'a.b@c.d' })]) expect(name).not.toContain('@');
  });

  it('keeps names to 200 characters', () => {
    expect(certificateLearnerName({ fullName: 'A'.repeat(500) })).toHaveLength(200);
  });
});

describe('certificateFileName', () => {
  it('is ASCII: the course title as a slug, then the code', () => {
    expect(certificateFileName('Git for Everyday Work', '7K3Q-M9XD-2HRB-TW4C')).toBe('certificate-git-for-everyday-work-7K3Q-M9XD-2HRB-TW4C.pdf');
    expect(certificateFileName('Économie: “Intro” / 101', 'AAAA-BBBB-CCCC-DDDD')).toBe('certificate-economie-intro-101-AAAA-BBBB-CCCC-DDDD.pdf');
    expect(certificateFileName('Фотография', 'AAAA-BBBB-CCCC-DDDD')).toBe('certificate-AAAA-BBBB-CCCC-DDDD.pdf');
  });
});

describe('admin actions by status', () => {
  it('revokes and regenerates only valid certificates', () => {
    expect(revocationRefusal({ code: 'C', status: 'valid' })).toBeNull();
    expect(regenerationRefusal({ code: 'C', status: 'valid' })).toBeNull();
    expect(revocationRefusal({ code: 'C', status: 'revoked' })).toMatch(/already revoked/);
    expect(regenerationRefusal({ code: 'C', status: 'revoked' })).toMatch(/is revoked/);
  });
});
