package africa.bengobox.auth.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.identity.NewUser;
import africa.bengobox.auth.identity.UserService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A user's memberships, read in one statement for all tenants: each active one with the roles held directly or
 * through a group, on the tenant or an outlet, sorted and without repeats; other users' roles stay out.
 */
@SpringBootTest
class MembershipRolesTest {

    @Autowired TenancyService tenancy;
    @Autowired UserService users;

    @Test
    void everyActiveMembershipWithItsEffectiveRoles() {
        UUID wanjiku = users.upsert(new NewUser("wanjiku.m", null, false, "a long enough passphrase", null)).id();
        UUID otieno = users.upsert(new NewUser("otieno.k", null, false, "a long enough passphrase", null)).id();
        Tenant duka = tenancy.createTenant("duka-la-wanjiku", "Duka", TenantSettings.DEFAULTS);
        Tenant mkate = tenancy.createTenant("mkate-bakery", "Mkate", TenantSettings.DEFAULTS);
        Tenant zamani = tenancy.createTenant("zamani-cafe", "Zamani", TenantSettings.DEFAULTS);

        tenancy.setMembership(duka.id(), wanjiku, List.of("cashier"));
        Outlet westlands = tenancy.createOutlet(duka.id(), "westlands", "Westlands", null, Map.of());
        tenancy.createRole(duka.id(), "supervisor", null);
        tenancy.bindRole(duka.id(), "supervisor", "user", wanjiku, westlands.id());
        tenancy.createRole(duka.id(), "auditor", null);
        Group auditors = tenancy.createGroup(duka.id(), "auditors");
        tenancy.addGroupMember(auditors.id(), wanjiku);
        tenancy.bindRole(duka.id(), "auditor", "group", auditors.id(), null);
        tenancy.bindRole(duka.id(), "cashier", "group", auditors.id(), null);
        tenancy.setMembership(duka.id(), otieno, List.of("manager"));

        tenancy.setMembership(mkate.id(), wanjiku, List.of());
        tenancy.setMembership(zamani.id(), wanjiku, List.of("cashier"));
        tenancy.removeMembership(zamani.id(), wanjiku);

        List<Membership> memberships = tenancy.membershipsOf(wanjiku);
        assertThat(memberships).extracting(m -> m.tenant().slug()).containsExactly("duka-la-wanjiku", "mkate-bakery");
        assertThat(memberships.get(0).roles()).containsExactly("auditor", "cashier", "supervisor");
        assertThat(memberships.get(1).roles()).isEmpty();
        assertThat(tenancy.membership(wanjiku, duka.id())).map(Membership::roles).contains(memberships.get(0).roles());
    }
}
