import { Anchor, NavLink, type NavLinkProps, Paper, type PaperProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';

type A = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'>;

const NavLinkAnchor = forwardRef<HTMLAnchorElement, NavLinkProps & A>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
const PaperAnchor = forwardRef<HTMLAnchorElement, PaperProps & A>((props, ref) => (
  <Paper component="a" ref={ref} {...props} />
));

/** Mantine components as typed router links (params and search checked against the route tree). */
export const AnchorLink = createLink(Anchor);
export const NavLinkLink = createLink(NavLinkAnchor);
export const PaperLink = createLink(PaperAnchor);
