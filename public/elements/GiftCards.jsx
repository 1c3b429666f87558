import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Plus, Sparkles, Tag } from 'lucide-react';

// Recommendation cards: title, price in the person's currency, category, reason, buttons.
// "Add to my list" runs a server action; "More like this" and "Buy" are said to the
// assistant as the person's own words, so the conversation shows them.
export default function GiftCards() {
  const labels = props.labels;

  const add = (event, item) => {
    event.currentTarget.disabled = true;
    callAction({ name: 'add_to_list', payload: { item_id: item.id } });
  };

  return (
    <div
      className="mt-1"
      style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}
      data-testid="gift-cards"
    >
      {props.items.map((item) => (
        <div
          key={item.id}
          data-item-id={item.id}
          className="gift-card flex flex-col rounded-xl border bg-card p-4 shadow-sm"
        >
          <div className="flex items-start justify-between gap-3">
            <Badge variant="secondary" className="gap-1 font-normal">
              <Tag className="h-3 w-3" />
              {item.category}
            </Badge>
            <span className="gift-price whitespace-nowrap text-lg font-semibold">
              {item.price_display}
            </span>
          </div>
          <div className="gift-title mt-2 font-semibold leading-snug">{item.title}</div>
          {item.reason ? (
            <p className="mt-1 flex-grow text-sm text-muted-foreground">{item.reason}</p>
          ) : (
            <div className="flex-grow" />
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              size="sm"
              onClick={(event) => add(event, item)}
              data-testid="add-to-list"
            >
              <Plus className="h-4 w-4" />
              {labels.add_to_list}
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() => sendUserMessage(item.more_message)}
              data-testid="more-like-this"
            >
              <Sparkles className="h-4 w-4" />
              {labels.more_like_this}
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() => sendUserMessage(item.buy_message)}
              data-testid="buy"
            >
              {labels.buy}
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}
