import type { PersonInput } from '../people/person.schema.js';
import type { SeededRandom } from './random.js';

const FIRST = [
  'Amara',
  'Bruno',
  'Chen',
  'Dalia',
  'Elias',
  'Fatima',
  'Gustav',
  'Hana',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Tove',
  'Umar',
  'Vera',
  'Wes',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Aiko',
  'Bilal',
  'Carmen',
  'Dmitri',
  'Esther',
  'Farid',
  'Greta',
  'Hugo',
  'Isla',
  'Jamal',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Tanaka',
  'Haddad',
  'Kowalski',
  'Silva',
  'Novak',
  'Brennan',
  'Sato',
  'Iversen',
  'Mensah',
  'Duarte',
  'Keller',
  'Nakamura',
  'Osei',
  'Petrov',
  'Quinn',
  'Rahman',
  'Schulz',
];

/** The people who hold the roles the starter library suggests, with their teams. */
export const DEMO_ROLE_HOLDERS = [
  { role: 'Compliance lead', name: 'Maya Chen', team: 'Security' },
  { role: 'Security lead', name: 'Tomas Berg', team: 'Security' },
  { role: 'SRE lead', name: 'Ngozi Adeyemi', team: 'Platform' },
  { role: 'IT admin', name: 'Felix Grant', team: 'IT' },
  { role: 'Head of engineering', name: 'Rania Aziz', team: 'Engineering' },
  { role: 'Engineering manager', name: 'Jakob Weiss', team: 'Engineering' },
  { role: 'People ops', name: 'Sofia Ricci', team: 'People' },
  { role: 'Legal', name: 'Daniel Park', team: 'Legal' },
] as const;

const TEAMS = [
  'Engineering',
  'Engineering',
  'Platform',
  'Security',
  'IT',
  'Product',
  'Sales',
  'Support',
  'Finance',
  'People',
];

function email(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@northwind.example`;
}

/** About sixty people for Northwind Cloud: the role holders, backups, staff, and three who have left. */
export function demoRoster(rng: SeededRandom, today: string): PersonInput[] {
  const people: PersonInput[] = [];
  const ceo: PersonInput = {
    email: email('Alex Morgan'),
    name: 'Alex Morgan',
    team: 'Leadership',
    managerEmail: null,
    status: 'active',
    departedOn: null,
  };
  people.push(ceo);
  for (const h of DEMO_ROLE_HOLDERS) {
    people.push({
      email: email(h.name),
      name: h.name,
      team: h.team,
      managerEmail: ceo.email,
      status: 'active',
      departedOn: null,
    });
  }
  const used = new Set(people.map((p) => p.email));
  while (people.length < 57) {
    const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    if (used.has(email(name))) continue;
    used.add(email(name));
    const team = rng.pick(TEAMS);
    const manager = people.find((p) => p.team === team && p !== ceo) ?? ceo;
    people.push({
      email: email(name),
      name,
      team,
      managerEmail: manager.email,
      status: 'active',
      departedOn: null,
    });
  }
  // Three who left: one of them still owns controls and keys in the demo, the way it happens.
  const departed: [string, string, number][] = [
    ['Victor Lindgren', 'Platform', 40],
    ['Paula Ortega', 'IT', 95],
    ['Sam Whitfield', 'Engineering', 150],
  ];
  for (const [name, team, daysAgo] of departed) {
    const d = new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);
    people.push({
      email: email(name),
      name,
      team,
      managerEmail: ceo.email,
      status: 'departed',
      departedOn: d,
    });
  }
  return people;
}

/** The demo e-mail of a role holder. */
export function roleHolderEmail(role: string): string | undefined {
  const h = DEMO_ROLE_HOLDERS.find((x) => x.role === role);
  return h ? email(h.name) : undefined;
}
