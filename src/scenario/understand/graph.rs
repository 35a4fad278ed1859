//! The dependency graph of a model's setup activities: resolves `after` ids,
//! orders activities so that every predecessor comes first (Kahn's algorithm, ties
//! kept in file order), and names any dependency cycle in full.

use std::ops::Range;

/// One activity's place in the file and what it waits for, as indices.
pub(super) struct Node {
    pub id: String,
    pub after: Vec<(usize, Range<usize>)>,
}

/// Why the activities cannot be ordered.
pub(super) struct Cycle {
    /// Activity ids around the cycle, first repeated at the end.
    pub ids: Vec<String>,
    /// The `after` entry that closes the cycle (its span), on the first activity.
    pub span: Range<usize>,
    /// Index of the activity whose `after` closes the cycle.
    pub at: usize,
}

/// Topological order of `nodes` (file indices), or the first cycle found.
pub(super) fn order(nodes: &[Node]) -> Result<Vec<usize>, Cycle> {
    let n = nodes.len();
    let mut waiting: Vec<usize> = nodes.iter().map(|node| node.after.len()).collect();
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in nodes.iter().enumerate() {
        for (pred, _) in &node.after {
            followers[*pred].push(i);
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut done = vec![false; n];
    // Repeatedly take the first ready activity in file order: stable and simple.
    while order.len() < n {
        let Some(next) = (0..n).find(|&i| !done[i] && waiting[i] == 0) else {
            return Err(find_cycle(nodes, &done));
        };
        done[next] = true;
        order.push(next);
        for &f in &followers[next] {
            waiting[f] -= 1;
        }
    }
    Ok(order)
}

fn find_cycle(nodes: &[Node], done: &[bool]) -> Cycle {
    // Every unfinished node waits on some unfinished node: walk back until a repeat.
    let start = (0..nodes.len())
        .find(|&i| !done[i])
        .expect("a node is left");
    let mut path = vec![start];
    let mut current = start;
    loop {
        let (pred, _) = nodes[current]
            .after
            .iter()
            .find(|(p, _)| !done[*p])
            .expect("an unfinished node waits on an unfinished node");
        if let Some(pos) = path.iter().position(|p| p == pred) {
            let cycle: Vec<usize> = path[pos..].to_vec();
            // Present the cycle in dependency order: a -> b means b waits for a.
            let mut ids: Vec<String> = cycle.iter().rev().map(|&i| nodes[i].id.clone()).collect();
            ids.push(ids[0].clone());
            // `current` waits for `cycle[0]`: that `after` entry closes the loop.
            let span = nodes[current]
                .after
                .iter()
                .find(|(p, _)| *p == cycle[0])
                .map(|(_, s)| s.clone())
                .unwrap_or(0..0);
            return Cycle {
                ids,
                span,
                at: current,
            };
        }
        path.push(*pred);
        current = *pred;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, after: &[usize]) -> Node {
        Node {
            id: id.to_string(),
            after: after.iter().map(|&a| (a, 0..0)).collect(),
        }
    }

    #[test]
    fn orders_predecessors_first() {
        let nodes = vec![node("c", &[1]), node("b", &[2]), node("a", &[])];
        assert_eq!(order(&nodes).ok(), Some(vec![2, 1, 0]));
    }

    #[test]
    fn names_the_whole_cycle() {
        let nodes = vec![
            node("a", &[2]),
            node("b", &[0]),
            node("c", &[1]),
            node("d", &[]),
        ];
        let Err(cycle) = order(&nodes) else {
            panic!("expected a cycle")
        };
        assert_eq!(cycle.ids.len(), 4);
        assert_eq!(cycle.ids.first(), cycle.ids.last());
        let mut members = cycle.ids[..3].to_vec();
        members.sort();
        assert_eq!(members, vec!["a", "b", "c"]);
    }
}
