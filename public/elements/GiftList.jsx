import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Copy, Gift, Link } from 'lucide-react';

// The side panel: the active gift list with statuses (the surprise rule applies) and
// its share link, which can be created and copied from here.
export default function GiftList() {
  const labels = props.labels;
  const variants = { available: 'outline', claimed: 'secondary', purchased: 'default' };

  const copy = async (event) => {
    const label = event.currentTarget.querySelector('span');
    try {
      await navigator.clipboard.writeText(props.share_url);
    } catch (error) {
      window.prompt(labels.copy_link, props.share_url);
    }
    label.textContent = labels.copied;
    setTimeout(() => (label.textContent = labels.copy_link), 2000);
  };

  return (
    <div className="gift-list-panel flex flex-col gap-4 p-1" data-list-id={props.list_id}>
      <div className="text-lg font-semibold">{props.title}</div>
      {props.gifts.length === 0 ? (
        <p className="text-sm text-muted-foreground">{labels.panel_empty}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {props.gifts.map((gift) => (
            <li key={gift.id} className="gift-line flex items-center gap-3 rounded-lg border p-3" data-status={gift.status}>
              <Gift className="h-4 w-4 shrink-0 text-muted-foreground" />
              <div className="min-w-0 flex-grow">
                <div className="gift-title break-words text-sm font-medium">{gift.title}</div>
                {gift.price_display ? (
                  <div className="text-xs text-muted-foreground">{gift.price_display}</div>
                ) : null}
              </div>
              <Badge variant={variants[gift.status] || 'outline'} className="gift-status font-normal">
                {labels['status_' + gift.status] || gift.status}
              </Badge>
            </li>
          ))}
        </ol>
      )}
      <div className="flex flex-col gap-2 border-t pt-4">
        {props.share_url ? (
          <>
            <div className="flex items-center gap-2">
              <input
                readOnly
                value={props.share_url}
                className="share-url min-w-0 flex-grow rounded-md border bg-muted px-2 py-1 text-xs"
                onFocus={(event) => event.target.select()}
              />
              <Button size="sm" variant="outline" onClick={copy} data-testid="copy-share-link">
                <Copy className="h-4 w-4" />
                <span>{labels.copy_link}</span>
              </Button>
            </div>
            <p className="text-xs text-muted-foreground">{labels.share_hint}</p>
          </>
        ) : (
          <Button
            variant="outline"
            onClick={() => callAction({ name: 'share_list', payload: { list_id: props.list_id } })}
            data-testid="create-share-link"
          >
            <Link className="h-4 w-4" />
            {labels.share}
          </Button>
        )}
      </div>
    </div>
  );
}
