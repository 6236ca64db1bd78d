import { describe, expect, it } from 'vitest';
import { budgetIn, platformIn, regionIn, urlIn, wantsPastCampaign } from './brief';

describe('reading a campaign brief', () => {
  it.each([
    ['draft a Google search campaign for our best-selling category in Europe, €80 a day', { amount: 80, currency: 'EUR' }],
    ['Meta ads for the summer sale, 120 EUR per day', { amount: 120, currency: 'EUR' }],
    ['LinkedIn, $1,500 a month', { amount: 49.34, currency: 'USD' }],
    ['a budget of 2k dollars daily', { amount: 2000, currency: 'USD' }],
    ['£35.50/day on Instagram', { amount: 35.5, currency: 'GBP' }],
  ])('budget in "%s"', (text, budget) => expect(budgetIn(text)).toEqual(budget));

  it('no budget when the brief names none (a count of products is not money)', () => {
    expect(budgetIn('draft a Google campaign for our 3 best products')).toBeNull();
  });

  it.each([
    ['draft a Google search campaign', 'google_search'],
    ['a Performance Max campaign for Outdoor', 'google_pmax'],
    ['create a LinkedIn campaign for CFOs', 'linkedin'],
    ['Instagram ads for sneakers', 'meta'],
    ['what was revenue last month', null],
  ])('platform of "%s"', (text, platform) => expect(platformIn(text)).toBe(platform));

  it('region, landing page and "like our best … campaign"', () => {
    expect(regionIn('for our best-selling category in Europe')).toBe('Europe');
    expect(regionIn('buyers in LATAM')).toBe('LATAM');
    expect(urlIn('send them to https://shop.example.org/tents.')).toBe('https://shop.example.org/tents');
    expect(wantsPastCampaign('Meta ads like our best Meta campaign last quarter')).toBe(true);
    expect(wantsPastCampaign('Meta ads for sneakers')).toBe(false);
  });
});
