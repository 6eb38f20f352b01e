import { PropsWithChildren } from 'react';
import { makeStyles } from '@material-ui/core';
import HomeIcon from '@material-ui/icons/Home';
import LogoFull from './LogoFull';
import LogoIcon from './LogoIcon';
import {
  Link,
  Sidebar,
  sidebarConfig,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarPage,
  SidebarScrollWrapper,
  SidebarSpace,
  useSidebarOpenState,
} from '@backstage/core-components';
import MenuIcon from '@material-ui/icons/Menu';
import SupervisorAccountIcon from '@material-ui/icons/SupervisorAccount';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';

const useSidebarLogoStyles = makeStyles({
  root: {
    width: sidebarConfig.drawerWidthClosed,
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    flexFlow: 'row nowrap',
    alignItems: 'center',
    marginBottom: -14,
  },
  link: {
    width: sidebarConfig.drawerWidthClosed,
    marginLeft: 24,
  },
});

/**
 * No toasts from notifications. The notifications of one promotion share
 * its id (their scope), so each step signals the same notification again:
 * the sidebar's snackbar stacked one toast per step over the page, all
 * under the same React key (duplicate-key errors in the console). The
 * Promotion tab already shows every step live, and the unread count and
 * the Notifications page still show the outcome. A constant, so the
 * sidebar item does not re-run its signal effect on every render.
 */
const NOTIFICATION_SNACKBAR = { enabled: false } as const;

const SidebarLogo = () => {
  const classes = useSidebarLogoStyles();
  const { isOpen } = useSidebarOpenState();

  return (
    <div className={classes.root}>
      <Link to="/" underline="none" className={classes.link} aria-label="Home">
        {isOpen ? <LogoFull /> : <LogoIcon />}
      </Link>
    </div>
  );
};

/**
 * Signs out, back to the sign-in page: there one picks another demo user
 * (or the guest) to try another role.
 */
const SwitchUserSidebarItem = () => {
  const identityApi = useApi(identityApiRef);
  return (
    <SidebarItem
      icon={SupervisorAccountIcon}
      text="Switch user"
      onClick={() => identityApi.signOut()}
    />
  );
};

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarLogo />
      <SidebarDivider />
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        {/* Global nav, not org-specific */}
        <SidebarItem icon={HomeIcon} to="catalog" text="Home" />
        {/* End global nav */}
        <SidebarDivider />
        <SidebarScrollWrapper>
          {/* Items in this group will be scrollable if they run out of space */}
        </SidebarScrollWrapper>
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem snackbarProps={NOTIFICATION_SNACKBAR} />
      <SwitchUserSidebarItem />
    </Sidebar>
    {children}
  </SidebarPage>
);
