/**
 * Small valid campaigns, one per platform, for tests: each passes every rule, so a test changes
 * one thing and expects exactly the finding that change causes.
 */
import type { GooglePmaxCampaign, GoogleSearchCampaign, LinkedInCampaignGroup, MetaCampaign } from '../model.js';

export function googleSearchSample(): GoogleSearchCampaign {
  return {
    platform: 'google_search',
    name: 'Outdoor gear – Europe',
    status: 'paused',
    dailyBudget: { amount: 80, currency: 'EUR' },
    bidding: { strategy: 'MAXIMIZE_CONVERSIONS' },
    languages: ['en', 'de'],
    locations: ['Germany', 'France'],
    networks: ['search'],
    negativeKeywords: [{ id: 'cn1', text: 'free', match: 'broad' }],
    adGroups: [
      {
        id: 'g1',
        name: 'Hiking boots',
        status: 'paused',
        defaultMaxCpc: 1.2,
        keywords: [
          { id: 'k1', text: 'hiking boots', match: 'exact' },
          { id: 'k2', text: 'waterproof hiking boots', match: 'phrase', maxCpc: 1.5 },
          { id: 'k3', text: 'mens walking boots', match: 'broad' },
        ],
        negativeKeywords: [{ id: 'n1', text: 'used', match: 'phrase' }],
        ads: [
          {
            id: 'a1',
            headlines: [
              { id: 'h1', text: 'Waterproof Hiking Boots', pin: 1 },
              { id: 'h2', text: 'Free Delivery Over €50' },
              { id: 'h3', text: 'Shop Trail-Ready Boots' },
            ],
            descriptions: [
              { id: 'd1', text: 'Light, waterproof boots tested on alpine trails. Order today, returns within 30 days.' },
              { id: 'd2', text: 'Sizes 36 to 48 in stock, shipped from Munich in one or two days.' },
            ],
            path1: 'hiking',
            path2: 'boots',
            finalUrl: 'https://shop.example.com/hiking-boots',
            status: 'paused',
          },
        ],
      },
    ],
  };
}

export function googlePmaxSample(): GooglePmaxCampaign {
  return {
    platform: 'google_pmax',
    name: 'Outdoor gear – PMax',
    status: 'paused',
    dailyBudget: { amount: 50, currency: 'EUR' },
    bidding: { strategy: 'MAXIMIZE_CONVERSION_VALUE', targetRoas: 4 },
    languages: ['en'],
    locations: ['Germany'],
    assetGroups: [
      {
        id: 'ag1',
        name: 'Boots',
        status: 'paused',
        finalUrl: 'https://shop.example.com/boots',
        headlines: [
          { id: 'ph1', text: 'Hiking Boots' },
          { id: 'ph2', text: 'Waterproof Trail Boots' },
          { id: 'ph3', text: 'Free Delivery Over €50' },
        ],
        longHeadlines: [{ id: 'pl1', text: 'Waterproof hiking boots tested on alpine trails, delivered in two days' }],
        descriptions: [
          { id: 'pd1', text: 'Boots for every trail, in stock now.' },
          { id: 'pd2', text: 'Light, waterproof boots tested on alpine trails. Free returns within 30 days.' },
        ],
        businessName: { id: 'pb1', text: 'Example Outdoor' },
        callToAction: 'SHOP_NOW',
        path1: 'boots',
      },
    ],
  };
}

export function linkedinSample(): LinkedInCampaignGroup {
  return {
    platform: 'linkedin',
    name: 'Q1 pipeline',
    status: 'paused',
    totalBudget: { amount: 3000, currency: 'USD' },
    campaigns: [
      {
        id: 'c1',
        name: 'Finance leaders – demo',
        status: 'paused',
        objective: 'LEAD_GENERATION',
        format: 'single_image',
        dailyBudget: { amount: 100, currency: 'USD' },
        targeting: { locations: ['United States'], titles: ['CFO', 'Finance Director'], seniorities: ['Director', 'VP'] },
        ads: [
          {
            id: 'la1',
            format: 'single_image',
            name: 'Demo – close faster',
            introText: { id: 'li1', text: 'Finance teams close the month four days sooner with Parley. See how in a 20-minute demo.' },
            headline: { id: 'lh1', text: 'Close the month four days sooner' },
            description: { id: 'ld1', text: 'Book a 20-minute demo' },
            destinationUrl: 'https://parley.example.com/demo',
            callToAction: 'REQUEST_DEMO',
            imageBrief: 'A finance team at a desk, calendar showing the 3rd',
            status: 'paused',
          },
        ],
      },
    ],
  };
}

export function metaSample(): MetaCampaign {
  return {
    platform: 'meta',
    name: 'Spring sale',
    status: 'paused',
    objective: 'OUTCOME_SALES',
    specialAdCategories: [],
    adSets: [
      {
        id: 's1',
        name: 'DE 25–45 outdoor',
        status: 'paused',
        dailyBudget: { amount: 40, currency: 'EUR' },
        schedule: { start: '2027-03-01', end: '2027-03-31' },
        audience: { countries: ['DE', 'AT'], ageMin: 25, ageMax: 45, interests: ['Hiking'] },
        placements: 'automatic',
        ads: [
          {
            id: 'm1',
            name: 'Boots – spring',
            primaryTexts: [{ id: 'mp1', text: 'Spring trails are calling. Waterproof boots from €89, delivered in two days.' }],
            headlines: [{ id: 'mh1', text: 'Waterproof boots from €89' }],
            descriptions: [{ id: 'md1', text: 'Free returns' }],
            callToAction: 'SHOP_NOW',
            link: 'https://shop.example.com/spring',
            status: 'paused',
          },
        ],
      },
    ],
  };
}
