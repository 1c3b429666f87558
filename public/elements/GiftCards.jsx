import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Check, Plus, ShoppingCart, Sparkles, Tag } from 'lucide-react';
import { useState } from 'react';

// Recommendation cards: title, price in the person's currency, category, reason, buttons.
// "Add to my list" / "Add to cart" run a server action; "More like this" and "Buy" are
// said to the assistant as the person's own words, so the conversation shows them.
export default function GiftCards() {
  const [done, setDone] = useState({});
  const labels = props.labels;

  const add = async (item) => {
    setDone({ ...done, [item.id]: 'busy' });
    await callAction({
      name: props.in_shop ? 'add_to_cart' : 'add_to_list',
      payload: { item_id: item.id }
    });
    setDone((current) => ({ ...current, [item.id]: 'added' }));
  };

  return (
    <div
      className="mt-1"
      style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))' }}
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
          <div className="mt-2 font-semibold leading-snug">{item.title}</div>
          {item.reason ? (
            <p className="mt-1 flex-grow text-sm text-muted-foreground">{item.reason}</p>
          ) : (
            <div className="flex-grow" />
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              size="sm"
              disabled={!!done[item.id]}
              onClick={() => add(item)}
              data-testid={props.in_shop ? 'add-to-cart' : 'add-to-list'}
            >
              {done[item.id] === 'added' ? (
                <Check className="h-4 w-4" />
              ) : props.in_shop ? (
                <ShoppingCart className="h-4 w-4" />
              ) : (
                <Plus className="h-4 w-4" />
              )}
              {props.in_shop ? labels.add_to_cart : labels.add_to_list}
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
            {props.in_shop ? null : (
              <Button
                size="sm"
                variant="outline"
                onClick={() => sendUserMessage(item.buy_message)}
                data-testid="buy"
              >
                {labels.buy}
              </Button>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
