import { Button } from '@/components/ui/button';
import { CheckCircle2, CreditCard, ExternalLink, Loader2, XCircle } from 'lucide-react';

// The purchase approval: nothing is bought until the person presses Approve. After the
// approval it becomes the checkout link, then the outcome of the payment.
export default function Purchase() {
  const labels = props.labels;
  const decide = (event, approve) => {
    event.currentTarget.parentElement.querySelectorAll('button').forEach((b) => (b.disabled = true));
    callAction({ name: 'purchase_decision', payload: { approve } });
  };
  const pending = props.state === 'pending';

  return (
    <div className="purchase-card mt-1 rounded-xl border bg-card p-4 shadow-sm" data-state={props.state}>
      <div className="flex items-center gap-2 text-sm font-medium text-muted-foreground">
        <CreditCard className="h-4 w-4" />
        {labels.approval_title}
      </div>
      <div className="mt-2 flex items-baseline justify-between gap-3">
        <div className="font-semibold">
          {props.title}
          {props.quantity > 1 ? ` × ${props.quantity}` : ''}
        </div>
        <div className="whitespace-nowrap text-lg font-semibold">{props.price_display}</div>
      </div>
      {pending ? (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button onClick={(event) => decide(event, true)} data-testid="approve-purchase">
            {labels.approve}
          </Button>
          <Button variant="outline" onClick={(event) => decide(event, false)} data-testid="cancel-purchase">
            {labels.cancel}
          </Button>
        </div>
      ) : null}
      {props.state === 'approved' ? (
        <div className="mt-3 flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 className="h-4 w-4 animate-spin" /> {labels.approved}
        </div>
      ) : null}
      {props.state === 'checkout' && props.checkout_url ? (
        <div className="mt-3 flex flex-col gap-2">
          <Button asChild data-testid="checkout-link">
            <a href={props.checkout_url} target="_blank" rel="noopener">
              <ExternalLink className="h-4 w-4" />
              {labels.checkout}
            </a>
          </Button>
          <p className="text-xs text-muted-foreground">{labels.checkout_hint}</p>
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <Loader2 className="h-4 w-4 animate-spin" /> {labels.order_waiting}
          </p>
        </div>
      ) : null}
      {props.state === 'completed' ? (
        <div className="mt-3 flex items-center gap-2 text-sm font-medium text-green-600">
          <CheckCircle2 className="h-4 w-4" /> {labels.paid}
        </div>
      ) : null}
      {props.state === 'declined' || props.state === 'failed' ? (
        <div className="mt-3 flex items-center gap-2 text-sm text-muted-foreground">
          <XCircle className="h-4 w-4" /> {labels.declined}
        </div>
      ) : null}
    </div>
  );
}
