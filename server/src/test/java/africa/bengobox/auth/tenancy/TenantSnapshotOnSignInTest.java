package africa.bengobox.auth.tenancy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import africa.bengobox.auth.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

/** How often a node compares the tenant snapshot announced on sign-in: at most every 5 s, or every sync window if shorter. */
class TenantSnapshotOnSignInTest {

    private static final Instant START = Instant.parse("2026-11-29T06:00:00Z");
    private static final UUID TENANT = UUID.fromString("7a1c1d2e-0000-4000-8000-000000000001");

    private final TenantRepository tenants = mock(TenantRepository.class);
    private final SettableClock clock = new SettableClock(START);

    private TenancyService service(Duration syncWindow) {
        when(tenants.findById(TENANT)).thenReturn(Optional.of(new Tenant(TENANT, "kijiji", "Kijiji", Tenant.Status.ACTIVE,
                START, START, TenantSettings.DEFAULTS, 0)));
        when(tenants.outlets(TENANT, null, TenancyService.MAX_SYNCED_OUTLETS)).thenReturn(List.of());
        when(tenants.claimSync(eq(TENANT), any(), any(), any())).thenReturn(true);
        return new TenancyService(tenants, mock(MembershipRepository.class), clock, mock(ApplicationEventPublisher.class),
                new TenancyProperties(syncWindow, 1024), TransactionOperations.withoutTransaction());
    }

    @Test
    void signInsWithinFiveSecondsOfACheckAreNotCheckedAgain() {
        TenancyService tenancy = service(Duration.ofMinutes(10));
        tenancy.signedIn(TENANT);
        clock.advance(Duration.ofSeconds(4));
        tenancy.signedIn(TENANT);
        verify(tenants, times(1)).claimSync(eq(TENANT), any(), any(), any());

        clock.advance(Duration.ofSeconds(2));
        tenancy.signedIn(TENANT);
        verify(tenants, times(2)).claimSync(eq(TENANT), any(), any(), any());
    }

    @Test
    void aChangeOnThisNodeIsCheckedAtTheNextSignIn() {
        TenancyService tenancy = service(Duration.ofMinutes(10));
        tenancy.signedIn(TENANT);
        tenancy.evictTenants();
        tenancy.signedIn(TENANT);
        verify(tenants, times(2)).claimSync(eq(TENANT), any(), any(), any());
    }

    @Test
    void aZeroSyncWindowChecksEverySignIn() {
        TenancyService tenancy = service(Duration.ZERO);
        tenancy.signedIn(TENANT);
        tenancy.signedIn(TENANT);
        tenancy.signedIn(TENANT);
        verify(tenants, times(3)).claimSync(eq(TENANT), any(), any(), any());
    }
}
