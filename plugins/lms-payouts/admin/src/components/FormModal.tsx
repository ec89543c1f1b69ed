import * as React from 'react';
import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import { errorMessage } from '../format';

/**
 * A modal form that submits once: keeps the saving flag and shows the server's error message
 * (which names the field and the rule) under the fields.
 */
export const FormModal = ({
  title,
  submitLabel,
  danger = false,
  canSubmit,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  danger?: boolean;
  canSubmit: boolean;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: React.ReactNode;
}) => {
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSubmit();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={(e) => void submit(e)}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {children}
              {error ? (
                <Typography textColor="danger600" role="alert">
                  {error}
                </Typography>
              ) : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">Cancel</Button>
            </Modal.Close>
            <Button type="submit" variant={danger ? 'danger' : 'default'} loading={saving} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};

const STATUS_VARIANT: Record<string, { background: string; text: string }> = {
  requested: { background: 'warning100', text: 'warning700' },
  approved: { background: 'primary100', text: 'primary700' },
  paid: { background: 'success100', text: 'success700' },
  rejected: { background: 'neutral150', text: 'neutral700' },
  failed: { background: 'danger100', text: 'danger700' },
};

export const statusColors = (status: string) => STATUS_VARIANT[status] ?? { background: 'neutral150', text: 'neutral700' };
