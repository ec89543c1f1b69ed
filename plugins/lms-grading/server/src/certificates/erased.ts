/**
 * `learner_name` of a certificate whose holder erased their account (decision 036): the row, code,
 * issue date and checksum stay, so the certificate still verifies as issued; the name is gone and
 * so is the PDF that printed it.
 */
export const ERASED_HOLDER_NAME = '';
